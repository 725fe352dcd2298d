from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request


class ArchiveZipController(http.Controller):
    @http.route("/esign/archive/directory/<int:directory_id>/zip", type="http", auth="user",
                methods=["GET"])
    def directory_zip(self, directory_id):
        """The directory and its subdirectories as a ZIP, streamed.

        A directory that does not exist and one the user may not read get the
        same answer.
        """
        directory = request.env["esign.archive.directory"].browse(directory_id)
        try:
            body = directory._zip_stream()
            filename = directory._zip_filename()
        except (AccessError, MissingError) as err:
            raise NotFound() from err
        return request.make_response(body, headers=[
            ("Content-Type", "application/zip"),
            ("Content-Disposition", content_disposition(filename)),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ])
