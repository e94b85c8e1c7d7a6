# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Imports of insurer files: limits, background runs and their progress"
from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

PROGRESS_ROWS = 5000  # rows read between two reports of progress


class FileImportMixin:
    """An import of a file, run at once for a small file and in the task
    queue (ir.queue) for a large one, with its progress shown.

    The record of the import is written once, when it is done: the
    progress is reported in separate transactions on a progress record, so
    that the import transaction never conflicts with them."""
    __slots__ = ()
    progress = fields.Function(fields.Char(
            "Progress",
            states={'invisible': Eval('state') != 'queued'},
            help="The rows read so far by the background import."),
        'get_progress')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.state.selection.append(('queued', "Queued"))
        cls._transitions |= {
            ('draft', 'queued'),
            ('queued', 'imported'),
            ('queued', 'failed'),
            }

    @classmethod
    def get_progress(cls, records, name):
        Progress = Pool().get('insurance.commission.import.progress')
        result = {r.id: None for r in records}
        with without_check_access():
            progresses = Progress.search([
                    ('origin', 'in', [str(r) for r in records]),
                    ])
        for progress in progresses:
            result[progress.origin.id] = gettext(
                'insurance_commission.msg_import_progress',
                rows=progress.rows)
        return result

    @classmethod
    @ModelView.button
    def run_import(cls, records):
        """Import the small files now and queue the large ones; a file
        over the size limit fails at once"""
        Configuration = Pool().get('insurance.commission.configuration')
        config = Configuration(1)
        max_size = config.import_limits()['max_size']
        queued = []
        for record in records:
            data = bytes(record.file or b'')
            if config.import_in_queue(data) and len(data) <= max_size:
                queued.append(record)
            else:
                record.import_file()
        if queued:
            cls.queue_import(queued)
            cls.__queue__.import_queued(queued)

    @classmethod
    @Workflow.transition('queued')
    def queue_import(cls, records):
        cls.write(records, {
                'messages': gettext('insurance_commission.msg_import_queued'),
                })

    @classmethod
    def import_queued(cls, records):
        "Import the files still queued (run by the task queue)"
        for record in records:
            if record.state == 'queued':
                record.import_file()

    def read_with_progress(self, rows):
        "Yield the rows, reporting how many were read in the background"
        report = (self.state == 'queued'
            # SQLite allows one writing transaction at a time
            and backend.name != 'sqlite')
        for count, row in enumerate(rows, 1):
            if report and not count % PROGRESS_ROWS:
                self.report_progress(count)
            yield row

    def report_progress(self, rows):
        Progress = Pool().get('insurance.commission.import.progress')
        with Transaction().new_transaction(), without_check_access():
            progresses = Progress.search([('origin', '=', str(self))])
            if progresses:
                Progress.write(progresses, {'rows': rows})
            else:
                Progress.create([{'origin': str(self), 'rows': rows}])


class ImportProgress(ModelSQL):
    "Import Progress"
    __name__ = 'insurance.commission.import.progress'
    origin = fields.Reference("Import", selection=[
            ('insurance.commission.statement', "Insurer Statement"),
            ('insurance.policy.import', "Contract Import"),
            ], required=True, readonly=True)
    rows = fields.Integer("Rows Read", readonly=True)
