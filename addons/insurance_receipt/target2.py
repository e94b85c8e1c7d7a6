# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""TARGET2 calendar: the days SEPA direct debits settle on."""
import datetime as dt

from dateutil.easter import easter


def closing_days(year):
    "Return the set of TARGET2 holidays of the year (weekends excluded)"
    easter_sunday = easter(year)
    return {
        dt.date(year, 1, 1),
        easter_sunday - dt.timedelta(days=2),  # Good Friday
        easter_sunday + dt.timedelta(days=1),  # Easter Monday
        dt.date(year, 5, 1),
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
        }


def is_business_day(date):
    "Tell whether TARGET2 is open on date"
    return date.weekday() < 5 and date not in closing_days(date.year)


def next_business_day(date):
    "Return date if TARGET2 is open on it, else the next day it is open"
    while not is_business_day(date):
        date += dt.timedelta(days=1)
    return date
