# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from proteus import Model
from proteus.config import get_config
from trytond.tests import test_tryton, tools

__all__ = [
    'activate_modules', 'create_agency', 'create_employee', 'create_user']


def activate_modules(modules, *setup):
    """Tryton's activate_modules, which activates the modules from scratch
    whenever set-up functions are given; this one starts from the cached
    database of the modules alone (made by the module's ModuleTestCase),
    so a module is activated once per test run, not once per set-up."""
    if not setup:
        return tools.activate_modules(modules)
    if isinstance(modules, str):
        modules = [modules]
    cache_name = '-'.join(sorted(modules)) + '--' + '|'.join(
        tools._func_name(f) for f in setup)
    if not test_tryton.restore_db_cache(cache_name):
        config = tools.activate_modules(modules)
        for func in setup:
            func(config=config)
        test_tryton.backup_db_cache(cache_name)
    # A new configuration, so that its context holds what the set-up made
    # (the company) whether the database came from the cache or not.
    return tools._get_config()


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
