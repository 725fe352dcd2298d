from . import archive_zip
