"""Any spreadsheet or CSV someone sent, read within the caps of :mod:`.file_caps`: the workbook
inspected before it is loaded, its XML streamed, rows as a clerk keeps them (footnotes, counties
written once, dates as typed).
"""
