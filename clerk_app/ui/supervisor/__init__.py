"""The floor supervisor's 大厅管理 page and the help desk's green channel (绿色通道)."""
