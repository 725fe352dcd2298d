from . import test_form_submit
from . import test_form_security
from . import test_form_export
from . import test_form_signing
from . import test_form_http
