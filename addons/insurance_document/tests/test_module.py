# This file is part of Courtage.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import io
import zipfile

from trytond.modules.insurance_document.document import content_matches
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

PDF = b'%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'
PNG = bytes.fromhex('89504e470d0a1a0a0000000d49484452') + bytes(20)
JPEG = b'\xff\xd8\xff\xe0\x00\x10JFIF\x00' + bytes(20)
OLE = bytes.fromhex('d0cf11e0a1b11ae1') + bytes(600)
EXE = b'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff' + bytes(64)


def ooxml(part):
    content = io.BytesIO()
    with zipfile.ZipFile(content, 'w') as archive:
        archive.writestr('[Content_Types].xml', '<Types/>')
        archive.writestr(part, '<document/>')
    return content.getvalue()


class InsuranceDocumentTestCase(ModuleTestCase):
    "Test insurance_document module"
    module = 'insurance_document'

    def test_content_matches_extension(self):
        "The content of each allowed kind of file is recognised"
        for extension, data in [
                ('pdf', PDF),
                ('png', PNG),
                ('jpg', JPEG),
                ('jpeg', JPEG),
                ('doc', OLE),
                ('xls', OLE),
                ('docx', ooxml('word/document.xml')),
                ('xlsx', ooxml('xl/workbook.xml')),
                ('csv', 'nom;prénom\nDupont;Jean\n'.encode('utf-8')),
                ]:
            with self.subTest(extension=extension):
                self.assertTrue(content_matches(extension, data))

    def test_content_disguised(self):
        "A file whose content is not what its extension says is refused"
        for extension, data in [
                ('pdf', EXE),
                ('png', PDF),
                ('docx', OLE),
                ('jpg', PNG),
                ('csv', EXE),
                ('pdf', b''),
                ]:
            with self.subTest(extension=extension):
                self.assertFalse(content_matches(extension, data))

    @with_transaction()
    def test_configuration_extensions(self):
        "The allowed extensions are read in any case, with or without dot"
        pool = Pool()
        Configuration = pool.get('insurance.document.configuration')
        configuration = Configuration(1)
        configuration.allowed_extensions = 'PDF, .png  jpg'
        self.assertEqual(configuration.extensions, {'pdf', 'png', 'jpg'})

    @with_transaction()
    def test_portal_documents(self):
        "The extranet shows only the documents marked visible"
        pool = Pool()
        Party = pool.get('party.party')
        Attachment = pool.get('ir.attachment')
        party = Party(name="Dupont")
        party.save()
        visible, hidden = Attachment.create([{
                    'name': 'attestation.pdf',
                    'resource': str(party),
                    'data': PDF,
                    'portal_visible': True,
                    }, {
                    'name': 'note-interne.pdf',
                    'resource': str(party),
                    'data': PDF,
                    }])
        self.assertEqual(party.portal_documents(), [visible])


del ModuleTestCase
