from . import esign_crm_send, esign_crm_send_line
