"""The screens' layouts, compiled from forms/*.ui (Qt Designer) by ``clerk_app.ui.forms_build`` into
``ui_<name>.py`` modules (generated at build time, never committed). A screen uses one as Anki
does: ``self.form = Ui_X(); self.form.setupUi(self)``; see docs/forms.md."""
