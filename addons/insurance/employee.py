# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import ModelSQL, fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'
    code = fields.Char(
        "Code", strip=True, help="The collaborator's internal code.")
    short_name = fields.Char(
        "Short Name", strip=True,
        help="Initials or short name shown in lists.")
    agency = fields.Many2One(
        'insurance.agency', "Agency", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        help="The agency (point of sale) the collaborator belongs to.")
    presence = fields.Selection([
            ('present', "Present"),
            ('leave', "On Leave"),
            ('sick', "Sick Leave"),
            ('training', "In Training"),
            ], "Presence", required=True,
        help="Whether the collaborator is available today.")
    lines_of_business = fields.Many2Many(
        'company.employee-insurance.line_of_business', 'employee',
        'line_of_business', "Lines of Business",
        help="The lines of business the collaborator handles.")

    @classmethod
    def default_presence(cls):
        return 'present'


class EmployeeLineOfBusiness(ModelSQL):
    "Employee - Line of Business"
    __name__ = 'company.employee-insurance.line_of_business'
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='CASCADE')
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business", required=True,
        ondelete='CASCADE')
