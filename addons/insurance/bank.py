# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import Pool, PoolMeta


class Account(metaclass=PoolMeta):
    __name__ = 'bank.account'
    iban_number = fields.Function(fields.Char(
            "IBAN",
            help="The IBAN of the account, typed straight in the list of "
            "the client's accounts."),
        'get_iban_number', setter='set_iban_number',
        searcher='search_iban_number')

    def get_iban_number(self, name):
        return self.iban

    @classmethod
    def search_iban_number(cls, name, clause):
        _, operator, operand, *extra = clause
        return [('numbers', 'where', [
                    ('type', '=', 'iban'),
                    ('number', operator, operand, *extra),
                    ])]

    @classmethod
    def set_iban_number(cls, accounts, name, value):
        pool = Pool()
        Number = pool.get('bank.account.number')
        to_save, to_delete = [], []
        for account in accounts:
            number = next(
                (n for n in account.numbers if n.type == 'iban'), None)
            if not value:
                if number:
                    to_delete.append(number)
                continue
            if number is None:
                number = Number(account=account, type='iban', sequence=0)
            number.number = value
            to_save.append(number)
        Number.delete(to_delete)
        Number.save(to_save)
        guessed = []
        for account in cls.browse(accounts):
            if not account.bank:
                account.bank = account.guess_bank()
                if account.bank:
                    guessed.append(account)
        cls.save(guessed)
