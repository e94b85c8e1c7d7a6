"""Run the Tryton tests of every Courtage addon under pytest.

Each addon keeps Tryton-style tests in addons/<name>/tests/ (ModuleTestCase
classes and scenario doctests loaded through unittest's load_tests
protocol, which pytest does not follow). They are loaded here as unittest
suites and reported as one pytest test each. The tests of one TestCase class
run together, so that the class-level database set-up happens once.
"""
import importlib
import pkgutil
import traceback
import unittest
from pathlib import Path

import pytest

ADDONS = Path(__file__).resolve().parent.parent / 'addons'


def addon_names():
    return sorted(p.parent.name for p in ADDONS.glob('*/tryton.cfg'))


def _flatten(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from _flatten(test)
        else:
            yield test


def _load(addon):
    package = importlib.import_module(f'trytond.modules.{addon}.tests')
    loader = unittest.TestLoader()
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith('test_'):
            continue
        module = importlib.import_module(f'{package.__name__}.{info.name}')
        yield from _flatten(loader.loadTestsFromModule(module))


def _group(test):
    "Tests sharing a class set-up run as one suite; a doctest is alone."
    if isinstance(test, unittest.FunctionTestCase) or 'DocFileCase' in (
            type(test).__name__):
        return test.id()
    return f'{type(test).__module__}.{type(test).__qualname__}'


def _label(addon, test):
    if 'DocFileCase' in type(test).__name__:
        return f'{addon}:{Path(test._dt_test.filename).name}'
    return f'{addon}:{type(test).__name__}.{test._testMethodName}'


class _Recorder(unittest.TestResult):
    "Keep the outcome of each test by id."

    def __init__(self):
        super().__init__()
        self.outcomes = {}

    def addSuccess(self, test):
        self.outcomes[test.id()] = ('passed', None)

    def addError(self, test, err):
        self.outcomes[test.id()] = (
            'failed', ''.join(traceback.format_exception(*err)))

    addFailure = addError

    def addSkip(self, test, reason):
        self.outcomes[test.id()] = ('skipped', reason)

    def addExpectedFailure(self, test, err):
        self.outcomes[test.id()] = ('passed', None)

    def addUnexpectedSuccess(self, test):
        self.outcomes[test.id()] = ('failed', "unexpected success")

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self.addError(test, err)


def _collect():
    groups, params = {}, []
    for addon in addon_names():
        for test in _load(addon):
            groups.setdefault(_group(test), []).append(test)
            params.append(pytest.param(test, id=_label(addon, test)))
    return groups, params


GROUPS, PARAMS = _collect()
_RESULTS = {}


def _run_group(key):
    if key not in _RESULTS:
        recorder = _Recorder()
        unittest.TestSuite(GROUPS[key]).run(recorder)
        # Class or module set-up errors are reported on the suite, not on
        # each test.
        for failed, text in recorder.errors:
            if failed.id() not in recorder.outcomes:
                recorder.outcomes[failed.id()] = ('failed', text)
        _RESULTS[key] = recorder.outcomes
    return _RESULTS[key]


def test_addons_have_tests():
    assert PARAMS, "no Tryton test found under addons/"
    tested = {p.id.split(':', 1)[0] for p in PARAMS}
    assert tested == set(addon_names()), (
        f"addons without tests: {set(addon_names()) - tested}")


@pytest.mark.parametrize('test', PARAMS)
def test_addon(test):
    outcomes = _run_group(_group(test))
    setup_errors = [
        text for test_id, (state, text) in outcomes.items()
        if state == 'failed' and 'setUpClass' in test_id]
    if setup_errors:
        pytest.fail(setup_errors[0], pytrace=False)
    state, text = outcomes.get(test.id(), ('failed', "test did not run"))
    if state == 'skipped':
        pytest.skip(text)
    elif state == 'failed':
        pytest.fail(text, pytrace=False)
