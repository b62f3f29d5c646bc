"""Rubric tables (考核细则表格) ↔ scheme files: read a county's own Excel, Word or text table into a
scheme, show the machine's reading for a person to confirm, and write any scheme back as a table.

Pure Python like the engine: no Django here, so the command line and the web app share it.

    tables = read_tables("细则.xlsx", data)      # files.py: any readable file → [Table]
    draft = read_rubric(tables)                  # assemble.py: columns recognised, scheme built
    draft.layouts, draft.scheme, draft.warnings  # what a person checks and corrects
    draft = reread(edited_scheme)                # after the person's edits: clauses and warnings again
    export_xlsx(scheme) → bytes                  # export.py: the same layout, read back identically
"""
from .assemble import Caution
from .draft import Draft, read_rubric, reread, table_layouts
from .export import export_xlsx, scheme_yaml
from .files import read_tables
from .headers import ROLES
from .tables import NoRubricColumns, RubricFileError, Table

__all__ = ["Caution", "Draft", "read_rubric", "reread", "table_layouts", "export_xlsx", "scheme_yaml", "read_tables", "ROLES",
           "RubricFileError", "NoRubricColumns", "Table"]
