"""Pure rendering of Crisp models into Textual `Content`: no I/O, no widgets.

Every string from Crisp goes through `crisp_tui.tui.safe_text`; styles name theme variables so
Textual themes apply.
"""
