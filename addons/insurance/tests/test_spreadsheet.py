# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import csv
import datetime as dt
import io
import unittest
from decimal import Decimal

import openpyxl

from trytond.modules.insurance import spreadsheet

FORMULAS = [
    '=HYPERLINK("http://x","y")', '+1+1', '-1+1', '@SUM(A1)',
    '\t=1+1', '\r=1+1']


class SpreadsheetTestCase(unittest.TestCase):
    "Test the shared CSV and XLSX writer"

    def test_csv_neutralises_formulas(self):
        "A text starting like a formula is prefixed with an apostrophe"
        data = spreadsheet.to_csv([FORMULAS])
        row, = csv.reader(
            io.StringIO(data.decode('utf-8-sig')), delimiter=';')
        self.assertEqual(row, ["'" + f for f in FORMULAS])

    def test_csv_keeps_numbers_and_dates(self):
        "Numbers stay numbers (negative too), dates in the given format"
        data = spreadsheet.to_csv(
            [[Decimal('-12.50'), -3, dt.date(2026, 1, 31), None, 'Dupont',
                    spreadsheet.Cell(Decimal('20.00'), '0.00')]])
        self.assertEqual(
            data, '\ufeff-12,50;-3;31/01/2026;;Dupont;20,00\r\n'.encode())

    def test_csv_conventions(self):
        "Decimal point, ISO dates, no byte order mark on demand"
        data = spreadsheet.to_csv(
            [['a;b', Decimal('1.5'), dt.date(2026, 1, 31)]],
            decimal_separator='.', date_format='%Y-%m-%d',
            encoding='utf-8', lineterminator='\n')
        self.assertEqual(data, b'"a;b";1.5;2026-01-31\n')

    def test_xlsx_texts_never_formulas(self):
        "Every text is a text cell, numbers and dates are typed"
        data = spreadsheet.to_xlsx([spreadsheet.Sheet("Sinistres: 1/2", [
                        ["Client", "Montant", "Date"],
                        [FORMULAS[0], Decimal('-12.50'), dt.date(2026, 1, 31)],
                        *[[f, 1, None] for f in FORMULAS[1:]],
                        ])])
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        sheet = workbook.active
        self.assertEqual(sheet.title, "Sinistres  1 2")
        self.assertTrue(sheet['A1'].font.bold)
        for row, formula in enumerate(FORMULAS, 2):
            cell = sheet.cell(row=row, column=1)
            self.assertEqual(cell.data_type, 's')
            self.assertEqual(cell.value, formula)
        amount, date = sheet['B2'], sheet['C2']
        self.assertEqual((amount.data_type, amount.value), ('n', -12.5))
        self.assertIn('€', amount.number_format)
        self.assertEqual(date.value, dt.datetime(2026, 1, 31))
        self.assertEqual(date.number_format, spreadsheet.DATE_FORMAT)

    def test_xlsx_several_sheets(self):
        "Sheets keep their order and titles"
        data = spreadsheet.to_xlsx([("A", [[1]]), ("B", [["x"], [2]], 0)])
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(workbook.sheetnames, ["A", "B"])
        self.assertFalse(workbook['B']['A1'].font.bold)
