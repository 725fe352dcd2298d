from . import esign_archive_file_attachment
from . import base_partner_merge_automatic_wizard
