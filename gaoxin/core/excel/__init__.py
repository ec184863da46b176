"""The Excel engine: declare an Importer per list and register() it; export filtered lists.

    from gaoxin.core.excel import Column, Importer, RowError, register, get_importer, export_workbook_response

Importers are discovered from each app's `importers.py` (imported on first get_importer()),
or registered anywhere at import time. Generic pages: core:import_start (?importer=<key>),
core:import_template, core:import_detail, core:import_commit, core:import_errors.
"""

from gaoxin.core.excel.columns import Column, RowError, parse_amount_wan
from gaoxin.core.excel.export import export_workbook_response
from gaoxin.core.excel.importer import FileError, Importer, all_importers, get_importer, register

__all__ = [
    "Column",
    "FileError",
    "Importer",
    "RowError",
    "all_importers",
    "export_workbook_response",
    "get_importer",
    "parse_amount_wan",
    "register",
]
