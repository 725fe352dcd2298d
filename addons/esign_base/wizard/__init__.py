from . import esign_request_oneoff
