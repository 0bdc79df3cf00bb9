"""The supervisor's 统计 tab: tables, charts and exports of the hall's statistics."""
