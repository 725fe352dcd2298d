from . import test_crm_flow, test_crm_sources, test_crm_sms, test_crm_decline, test_crm_security, \
    test_crm_wizard
