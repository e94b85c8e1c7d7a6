# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'
    email_signature = fields.Text(
        "E-mail Signature",
        help="Added at the end of the e-mails the collaborator sends.")
