# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Configuration(metaclass=PoolMeta):
    __name__ = 'insurance.configuration'
    complaint_procedure = fields.Text(
        "Complaint Procedure",
        help="How a client files a complaint with the firm (service, "
        "address, response times); printed in the DER.")
    mediator = fields.Text(
        "Mediator",
        help="The consumer mediator the client may refer to; "
        "printed in the DER.")
