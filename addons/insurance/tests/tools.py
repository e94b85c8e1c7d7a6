# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from proteus import Model
from proteus.config import get_config

__all__ = ['create_agency', 'create_employee', 'create_user']


def _ref(model, module, xml_id, config=None):
    ModelData = Model.get('ir.model.data', config=config)
    config = config or get_config()
    return Model.get(model, config=config)(
        ModelData.get_id(module, xml_id, config.context))


def create_agency(name, company, config=None):
    "Create an agency of the company"
    Agency = Model.get('insurance.agency', config=config)
    agency = Agency(name=name, company=company)
    agency.save()
    return agency


def create_employee(name, company, agency=None, config=None):
    "Create a collaborator (employee with their own party) in an agency"
    Party = Model.get('party.party', config=config)
    Employee = Model.get('company.employee', config=config)
    party = Party(name=name)
    party.save()
    employee = Employee(party=party, company=company, agency=agency)
    employee.save()
    return employee


def create_user(login, role, employee, config=None):
    """Create a user of role ('courtier', 'responsable' or 'master')
    working as employee"""
    User = Model.get('res.user', config=config)
    user = User(login=login, name=employee.party.name)
    user.groups.append(
        _ref('res.group', 'insurance', 'group_%s' % role, config=config))
    user.companies.append(employee.company)
    user.company = employee.company
    user.employees.append(employee)
    user.employee = employee
    user.save()
    return user
