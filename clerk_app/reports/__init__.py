"""Reports made from the wire contract's statistics (``contract/statistics.py``): the column
definitions the 统计 tab, the Excel workbook and the PDF share. Used by the app (ui) and by
``clerk-central report``; depends on the contract, openpyxl and reportlab only (and the one
CJK font module of ``printing``)."""
