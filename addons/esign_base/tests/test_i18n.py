"""The product in the seeds' languages.

Every string of the public signing page has a translation in each shipped
language, the languages load into a database, and a signer reads the page,
its JSON answers and the invitation in their own language (else their
company's).
"""

import base64
import json
import re

import polib

from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import code_translations

from .common import EsignCase, pdf_text

# Run in the signing page once its app has drawn: the buttons and the hint
# speak Russian, and none of the page's English labels is left on screen.
RUSSIAN_PAGE_CHECK = """
const text = (selector) => (document.querySelector(selector)?.textContent || "").trim();
const errors = [];
const lang = document.documentElement.lang;
if (lang !== "ru-RU") errors.push(`html lang ${lang}`);
for (const [selector, expected] of [[".o_esign_start", "Начать"],
                                    [".o_esign_sign_button", "Подписать"]]) {
    if (text(selector) !== expected) errors.push(`${selector} reads "${text(selector)}"`);
}
const body = document.body.innerText;
for (const english of ["Start", "Sign here", "Decline", "Signing as", "Press Start"]) {
    if (body.includes(english)) errors.push(`"${english}" is still in English`);
}
if (errors.length) {
    console.error("Signing page in Russian: " + errors.join("; "));
} else {
    console.log("test successful");
}
"""
# Catalogue file name -> language code in Odoo.
LANGUAGES = {"ru": "ru_RU", "sv": "sv_SE", "zh_CN": "zh_CN", "de": "de_DE", "fr": "fr_FR"}
# Where the signing page's strings come from: its scripts and OWL templates,
# and the server templates of the page and of the invalid-link page.
SIGNING_SOURCES = re.compile(
    r"^code:addons/esign_base/static/src/signing/"
    r"|^model_terms:ir\.ui\.view,arch_db:esign_base\.(signing_page|signing_link_invalid|public_layout)$")


def signing_page_msgids():
    template = polib.pofile(file_path("esign_base/i18n/esign_base.pot"))
    return {entry.msgid for entry in template
            if any(SIGNING_SOURCES.search(where) for where, _line in entry.occurrences)}


def load_languages(env):
    for code in LANGUAGES.values():
        env["res.lang"]._activate_lang(code)
    env["ir.module.module"]._load_module_terms(["esign_base"], list(LANGUAGES.values()),
                                               overwrite=True)


@tagged("post_install", "-at_install")
class TestCatalogues(TransactionCase):

    def test_signing_page_strings_are_translated_in_every_language(self):
        msgids = signing_page_msgids()
        # The page's scripts, its OWL templates and its server templates all count.
        self.assertGreater(len(msgids), 60)
        self.assertIn("Sign", msgids)
        self.assertIn("This signing link is no longer valid", msgids)
        for name in LANGUAGES:
            catalogue = {entry.msgid: entry.msgstr for entry in
                         polib.pofile(file_path(f"esign_base/i18n/{name}.po"))}
            missing = sorted(msgid for msgid in msgids if not catalogue.get(msgid, "").strip())
            self.assertFalse(missing, f"untranslated in {name}.po: {missing}")

    def test_placeholders_and_markup_survive_translation(self):
        token = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{.*?\}\}|<[^>]+>|t-[a-z-]+=\"[^\"]*\"")
        # Words people read inside a tag may be translated, the rest not.
        words = re.compile(r'((?:aria-label|title|alt|placeholder)=)"[^"]*"')

        def markup(text):
            return sorted(token.findall(words.sub(r'\1""', text)))

        for name in LANGUAGES:
            for entry in polib.pofile(file_path(f"esign_base/i18n/{name}.po")):
                if entry.msgstr:
                    self.assertEqual(markup(entry.msgstr), markup(entry.msgid),
                                     f"{name}.po: {entry.msgid!r}")

    def test_languages_load_into_the_database(self):
        load_languages(self.env)
        msgids = signing_page_msgids()
        invalid_link = self.env.ref("esign_base.signing_link_invalid")
        for name, code in LANGUAGES.items():
            # The scripts' strings, as the page's translation request serves them.
            served = {message["id"]: message["string"] for message in
                      code_translations.get_web_translations("esign_base", code)["messages"]}
            scripts = {msgid for msgid in msgids if msgid in served}
            self.assertIn("Sign", scripts, name)
            self.assertTrue(all(served[msgid] for msgid in scripts), name)
            # The server templates' strings, as they are stored.
            arch = invalid_link.with_context(lang=code).arch_db
            self.assertNotIn("This signing link is no longer valid", arch, name)
        self.assertIn("Эта ссылка для подписания больше не действительна",
                      invalid_link.with_context(lang="ru_RU").arch_db)


@tagged("post_install", "-at_install")
class TestSignerLanguage(HttpCase, EsignCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)
        cls.bob.lang = "ru_RU"
        cls.alice.lang = False
        cls.company.partner_id.lang = "sv_SE"

    def setUp(self):
        super().setUp()
        self.request = self.make_request(sequential=False)
        self.request.action_send()

    def test_signing_page_speaks_the_signers_language(self):
        signer = self.signer_of(self.request, self.bob)
        page = self.url_open(signer.access_url)
        self.assertEqual(page.status_code, 200)
        self.assertRegex(page.text, r'<html[^>]* lang="ru-RU"')
        self.assertIn("Для показа документа и подписания этой странице нужен JavaScript.",
                      page.text)
        # The page's scripts fetch their strings for the html lang, from the
        # address the public pages use.
        served = self.url_open("/website/translations/test?lang=ru_RU").json()
        strings = {message["id"]: message["string"]
                   for message in served["modules"]["esign_base"]["messages"]}
        self.assertEqual(strings["Sign"], "Подписать")
        self.assertEqual(strings["Start"], "Начать")
        # JSON answers too, whatever the browser's language.
        answer = self.url_open(signer.access_url + "/decline", data=json.dumps({"reason": ""}),
                               headers={"Content-Type": "application/json",
                                        "Accept-Language": "en-US"})
        self.assertEqual(answer.json()["error"]["message"],
                         "Сообщите отправителю, почему вы отказываетесь.")

    def test_signing_page_in_russian_in_a_browser(self):
        signer = self.signer_of(self.request, self.bob)
        self.browser_js(signer.access_url, RUSSIAN_PAGE_CHECK,
                        ready="!!document.querySelector(\".o_esign_page[data-drawn='1']\")",
                        timeout=120)

    def test_signer_without_language_gets_the_companys(self):
        signer = self.signer_of(self.request, self.alice)
        page = self.url_open(signer.access_url)
        self.assertRegex(page.text, r'<html[^>]* lang="sv-SE"')
        self.assertIn("Sidan behöver JavaScript", page.text)

    def test_invitation_is_written_in_the_signers_language(self):
        mails = self.env["mail.mail"].sudo().search([("model", "=", "esign.signer"),
                                                     ("res_id", "in", self.request.signer_ids.ids)])
        bob = self.signer_of(self.request, self.bob)
        to_bob = mails.filtered(lambda mail: mail.res_id == bob.id)
        to_alice = mails - to_bob
        self.assertEqual(to_bob.subject, f"Требуется подпись: {self.request.name}")
        self.assertIn("Просмотреть и подписать", to_bob.body_html)
        self.assertEqual(to_alice.subject, f"Underskrift begärs: {self.request.name}")
        self.assertIn("Granska och signera", to_alice.body_html)


@tagged("post_install", "-at_install")
class TestReceiptLanguage(EsignCase):
    """The receipt speaks its author's language, whoever signs or seals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env)
        cls.user.lang = "ru_RU"
        cls.bob.lang = "fr_FR"

    def _sealed_receipt_text(self):
        """The text of a request sent by ``self.user``, signed and sealed."""
        request = self.make_request(sequential=False)
        request.user_id = self.user
        request.action_send()
        self.sign_all(request)
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        return pdf_text(base64.b64decode(request.signed_document))

    def test_receipt_is_in_the_authors_language(self):
        text = self._sealed_receipt_text()
        for russian in ("Квитанция о подписании", "Подписанты", "Способ подписи",
                        "Журнал аудита", "Проверить этот документ", "Страница 1 из 2"):
            self.assertIn(russian, text)
        self.assertRegex(text, r"Страница квитанции 1 из \d")
        self.assertNotIn("Signing receipt", text)

    def test_receipt_in_chinese_shows_its_characters(self):
        # DejaVu has no Chinese glyphs: these come from the fallback font.
        self.user.lang = "zh_CN"
        self.bob.name = "王芳"
        text = self._sealed_receipt_text()
        for chinese in ("签署回执", "签署人", "审计记录", "验证此文档", "第 1 页，共 2 页", "王芳"):
            self.assertIn(chinese, text)
        self.assertNotIn("Signing receipt", text)
