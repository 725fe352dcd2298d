{
    "name": "E-Sign Archive",
    "summary": "File signed documents in a directory tree, automatically or in one click",
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
