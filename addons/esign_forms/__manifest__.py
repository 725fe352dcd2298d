{
    "name": "E-Sign Forms",
    "summary": "Fillable forms published by link and QR code, exported to Excel",
    "version": "18.0.1.0.0",
    "category": "Productivity/Documents",
    "author": "ESign Suite Authors",
    "website": "https://github.com/esign-suite/esign",
    "license": "LGPL-3",
    "depends": ["esign_base"],
    "data": [],
    "installable": True,
    "application": False,
}
