# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import abc
from collections import defaultdict

from trytond import backend
from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .exceptions import ConnectorError

CONNECTORS = {}
SECRET_MASK = '********'


def register_connector(connector_class):
    """Make the connector class available to the comparator records

    It is used as a class decorator by the modules providing connectors."""
    CONNECTORS[connector_class.name] = connector_class
    return connector_class


class Connector(abc.ABC):
    """Interface of a comparator connector

    A connector asks one insurer (its web service, a rate grid...) for the
    offers matching a project. Subclasses set `name` (the key stored on the
    records) and `string` (the label shown) and implement `get_quotes`."""
    name = None
    string = None

    def __init__(self, record):
        self.record = record

    @property
    def credentials(self):
        "Return the login and the secret stored for the connector"
        return self.record.login, self.record.get_secret()

    @abc.abstractmethod
    def get_quotes(self, project):
        """Return the offers for the project as a list of dictionaries

        Each holds the values of an insurance.project.study: insurer,
        product, formula (ids), annual_premium (Decimal) and optionally
        deductible, rate, duration, fees, options."""


class ComparatorConnector(DeactivableMixin, ModelSQL, ModelView):
    "Comparator Connector"
    __name__ = 'insurance.comparator.connector'
    name = fields.Char("Name", required=True)
    kind = fields.Selection(
        'get_kinds', "Kind", required=True,
        help="The way of pricing: an insurer's web service or the rate "
        "grids imported by the firm.")
    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='CASCADE',
        domain=[('is_insurer', '=', True)],
        help="The insurer whose offers the connector gets.")
    line_of_business = fields.Many2One(
        'insurance.line_of_business', "Line of Business", required=True,
        ondelete='CASCADE',
        help="The projects of this line of business are priced with the "
        "connector.")
    url = fields.Char(
        "URL", help="The address of the insurer's web service.")
    login = fields.Char(
        "Login", help="The identifier of the firm at the insurer.")
    password = fields.Function(fields.Char(
            "Password or Key",
            help="The password or API key of the web service; it is stored "
            "and never shown back."),
        'get_password', setter='set_password')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('line_of_business', 'ASC'))
        cls._order.insert(1, ('name', 'ASC'))

    @classmethod
    def get_kinds(cls):
        return sorted(
            ((k, c.string) for k, c in CONNECTORS.items()),
            key=lambda kind: kind[1])

    @classmethod
    def default_kind(cls):
        return 'rate_table'

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        # The secret is a column without field: no RPC call can read,
        # search or export it
        table_h = cls.__table_handler__(module)
        table_h.add_column('secret', 'VARCHAR')

    def get_password(self, name):
        return SECRET_MASK if self.get_secret() else None

    @classmethod
    def set_password(cls, connectors, name, value):
        if value == SECRET_MASK:
            return
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        for sub_ids in grouped_slice(
                [c.id for c in connectors], backend.MAX_QUERY_PARAMS):
            cursor.execute(*table.update(
                    [table.secret], [value or None],
                    where=table.id.in_(list(sub_ids))))

    def get_secret(self):
        "Return the stored secret, read from the table"
        table = self.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(
                table.secret, where=table.id == self.id))
        row = cursor.fetchone()
        return row[0] if row else None

    def get_connector(self):
        "Return the connector implementing the kind"
        connector_class = CONNECTORS.get(self.kind)
        if connector_class is None:
            raise ConnectorError(gettext(
                    'insurance_project.msg_connector_unknown',
                    connector=self.rec_name, kind=self.kind))
        return connector_class(self)

    @classmethod
    def quote(cls, projects):
        """Replace the offers of the comparators on the projects

        The studies entered by hand and the chosen one are kept."""
        pool = Pool()
        Study = pool.get('insurance.project.study')
        lobs = {p.line_of_business.id for p in projects}
        by_lob = defaultdict(list)
        for connector in cls.search([('line_of_business', 'in', list(lobs))]):
            by_lob[connector.line_of_business.id].append(connector)
        Study.delete([s for p in projects for s in p.studies
                if s.connector and not s.chosen])
        to_create = []
        for project in projects:
            for connector in by_lob[project.line_of_business.id]:
                for values in connector.get_connector().get_quotes(project):
                    to_create.append(dict(values,
                            project=project.id, connector=connector.id))
        return Study.create(to_create)
