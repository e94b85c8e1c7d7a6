# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pool import PoolMeta

from .configuration import SenderMixin, check_senders


class Agency(SenderMixin, metaclass=PoolMeta):
    __name__ = 'insurance.agency'

    @classmethod
    def validate_fields(cls, agencies, field_names):
        super().validate_fields(agencies, field_names)
        check_senders(agencies, field_names)
