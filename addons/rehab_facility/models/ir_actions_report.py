import logging
import os
import shutil

from odoo import api, fields, models
from odoo.tools.misc import file_path

from .rehab_document_format import FONT_FILES

_logger = logging.getLogger(__name__)


def _user_font_dir():
    """fontconfig's per-user font folder (read by default, no fc-cache needed)."""
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return os.path.join(data_home, "fonts", "rehab_facility")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    rehab_form_number = fields.Char(
        string="Form Number",
        help="The annex form this document follows (e.g. Mẫu số 05, Decree "
        "116/2021/NĐ-CP), printed at the top right of the official layout. "
        "Data: set it when the implementing decree changes its forms.",
    )

    @api.model
    def _rehab_install_fonts(self):
        """Make the shipped serif a system font for wkhtmltopdf.

        Unpatched wkhtmltopdf (Qt 5 WebKit, the distributions' build) draws
        @font-face fonts as shapes: the PDF looks right but has no text to
        search or copy. A font fontconfig knows is embedded as text. Copying
        the two files into the user's font folder works on Docker and
        non-Docker servers alike; if it cannot be written, the documents keep
        the inline font (same look, text as shapes).
        """
        target = _user_font_dir()
        try:
            for __, name in FONT_FILES:
                source = file_path(f"rehab_facility/static/fonts/{name}")
                dest = os.path.join(target, name)
                if not os.path.exists(dest) or (
                    os.path.getsize(dest) != os.path.getsize(source)
                ):
                    os.makedirs(target, exist_ok=True)
                    shutil.copyfile(source, dest)
        except OSError as error:
            _logger.warning("document fonts not installed in %s: %s", target, error)

    @api.model
    def _run_wkhtmltopdf(self, bodies, **kwargs):
        self._rehab_install_fonts()
        return super()._run_wkhtmltopdf(bodies, **kwargs)
