{
    "name": "Rehab Vocational Training",
    "summary": "Vocational classes and attendance for residents of a rehab facility",
    "version": "18.0.1.0.0",
    "category": "Services/Rehabilitation",
    "author": "rehab-odoo",
    "website": "https://github.com/rehab-odoo/rehab-odoo",
    "license": "LGPL-3",
    "depends": ["rehab_facility"],
    "data": [],
    "installable": True,
    "application": False,
}
