# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pool import PoolMeta


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('insurance.communication.message|retry',
                    "Retry Undelivered E-mails and SMS"),
                ('insurance.communication|send_birthdays',
                    "Send Birthday Wishes"),
                ])
