from . import esign_archive_file_attachment
