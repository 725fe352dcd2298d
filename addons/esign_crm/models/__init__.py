from . import (
    esign_template,
    esign_template_demo,
    esign_template_field,
    esign_request,
    esign_request_report,
    crm_lead,
    res_partner,
    res_config_settings,
)
