# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pool import PoolMeta


class Account(metaclass=PoolMeta):
    __name__ = 'bank.account'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # A bank account follows the visibility of its owners (the record
        # rules of parties); its numbers follow the account
        cls.__access__.add('owners')
