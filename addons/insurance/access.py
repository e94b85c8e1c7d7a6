# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Access checks shared by every model of the pool.

Registered by the insurance module as a mixin of every ModelStorage (see
tryton.cfg's register_mixin), so that a model added later is covered
without any code of its own."""
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

_RELATIONAL = {'many2one', 'one2one', 'one2many', 'many2many', 'reference'}


def _field_name(name):
    "The field of an export column part: without descriptor nor language"
    return name.split('.', 1)[0].split(':lang=', 1)[0]


def check_read(Model, ids, paths):
    """Check that the user may read the records ids of Model and, for each
    path of field names, every record reached through it.

    The checks are those of `read` (model access, field access and record
    rules evaluated in SQL, resources of attachments and notes), so that an
    export never returns what `read` refuses."""
    pool = Pool()
    ModelFieldAccess = pool.get('ir.model.field.access')
    ids = sorted({i for i in ids if isinstance(i, int) and i >= 0})
    if not ids:
        return
    by_field = defaultdict(list)
    for path in paths:
        if path:
            by_field[_field_name(path[0])].append(path[1:])
    relational = [
        n for n in by_field if Model._fields[n]._type in _RELATIONAL]
    ModelFieldAccess.check(Model.__name__, list(by_field), 'read')
    Model.read(ids, ['id'])
    # The export reads the related records without the rules (a list of
    # lines holds them all): each must be readable
    with without_check_access():
        rows = Model.read(ids, ['id'] + relational) if relational else []
    for name in relational:
        field = Model._fields[name]
        targets = defaultdict(set)
        for row in rows:
            value = row.get(name)
            if value is None:
                continue
            if field._type == 'reference':
                if not isinstance(value, str) or ',' not in value:
                    continue
                model_name, id_ = value.split(',', 1)
                try:
                    targets[model_name].add(int(id_))
                except ValueError:
                    continue
            elif field._type in {'one2many', 'many2many'}:
                targets[field.get_target().__name__].update(value)
            else:
                targets[field.get_target().__name__].add(value)
        for model_name, target_ids in targets.items():
            try:
                Target = pool.get(model_name)
            except KeyError:
                continue
            # The target's rec_name is exported for the last part of a path
            check_read(Target, target_ids, by_field[name])


def storage_pointers(Model):
    "The columns that hold where the file of a Binary field is stored"
    return {
        f.file_id for f in Model._fields.values()
        if isinstance(f, fields.Binary) and f.file_id}


class AccessMixin:
    """Every read path obeys the record rules of `search`; the storage
    pointers of files are never written by a user."""
    __slots__ = ()

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        transaction = Transaction()
        if transaction.user and transaction.check_access:
            check_read(
                cls, [r.id for r in records],
                [f.split('/') for f in fields_names])
        return super().export_data(records, fields_names, header=header)

    @classmethod
    def _check_storage_pointers(cls, field_names):
        transaction = Transaction()
        if (not (transaction.user and transaction.check_access)
                or transaction.context.get('_copy_storage_pointers')):
            return
        pointers = storage_pointers(cls) & set(field_names)
        if pointers:
            pool = Pool()
            IrModel = pool.get('ir.model')
            raise AccessError(gettext(
                    'insurance.msg_storage_pointer_readonly',
                    model=IrModel.get_name(cls.__name__),
                    field=', '.join(sorted(pointers))))

    @classmethod
    def copy(cls, records, default=None):
        # A copy shares the stored file of its original, never another
        for name in (default or {}):
            Model, *path = cls, *name.split('.')
            for part in path[:-1]:
                field = Model._fields.get(part)
                if not hasattr(field, 'get_target'):
                    break
                Model = field.get_target()
            else:
                Model._check_storage_pointers({path[-1]})
        with Transaction().set_context(_copy_storage_pointers=True):
            return super().copy(records, default=default)

    @classmethod
    def _before_create(cls, vlist):
        cls._check_storage_pointers(set().union(*vlist))
        return super()._before_create(vlist)

    @classmethod
    def _before_write(cls, *args):
        actions = iter(args)
        for _, values in zip(actions, actions):
            cls._check_storage_pointers(values.keys())
        return super()._before_write(*args)
