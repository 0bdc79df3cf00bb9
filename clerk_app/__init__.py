"""Counter-clerk application for the comprehensive window (综合窗口) and its central server."""

__version__ = "0.1.0"
