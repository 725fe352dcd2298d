from . import test_form_submit
