"""The counter's queue panel (叫号面板) and the pieces the hall's other queue screens share."""
