"""Case worker forms: a status change with an optional note, a note, a reply to the reporter.

Three forms share the report page, so their buttons and hidden fields are written in the template
(no repeated ids)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .. import messages
from ..forms import RadioInput, TextArea, clean_text
from ..reporting import police
from .models import CLOSED, NEW, POLICE, REFERRED, TRIAGED
from .services import NOTE_MAX

STATUS_LABELS = {
    NEW: _l("New"),
    TRIAGED: _l("Triaged"),
    REFERRED: _l("Referred to victim support"),
    POLICE: _l("Passed to the police"),
    CLOSED: _l("Closed"),
}


class StatusForm(FlaskForm):
    action = HiddenField(default="status")
    status = RadioField(_l("New status"), choices=list(STATUS_LABELS.items()),
                        validators=[InputRequired(message=messages.CASES_STATUS)], widget=RadioInput())
    note = TextAreaField(_l("Note for the case team (optional)"),
                         validators=[Optional(), Length(max=NOTE_MAX, message=messages.CASES_NOTE_TOO_LONG)],
                         filters=[clean_text], widget=TextArea())


class NoteForm(FlaskForm):
    action = HiddenField(default="note")
    text = TextAreaField(_l("Add a note for the case team"),
                         description=_l("Only the case team sees notes. The person who reported never does."),
                         validators=[DataRequired(message=messages.CASES_NOTE),
                                     Length(max=NOTE_MAX, message=messages.CASES_NOTE_TOO_LONG)],
                         filters=[clean_text], widget=TextArea())


class ReplyForm(FlaskForm):
    action = HiddenField(default="reply")
    message = TextAreaField(_l("Message to the person who reported"),
                            description=_l("They read it when they come back with their reference and follow-up code. "
                                           "Write plainly, and never ask for anything that could identify them unless they offered it."),
                            validators=[DataRequired(message=messages.CASES_REPLY),
                                        Length(max=NOTE_MAX, message=messages.CASES_REPLY_TOO_LONG)],
                            filters=[clean_text], widget=TextArea())


class DecisionForm(FlaskForm):
    """A new decision about the police: after talking to the person, or because of serious risk."""
    action = HiddenField(default="decision")
    decision = RadioField(_l("Their decision now"), choices=police.CHOICES,
                          validators=[InputRequired(message=messages.CASES_DECISION)], widget=RadioInput())
    reason = RadioField(_l("Why you are recording it"), choices=police.CHANGE_REASONS,
                        validators=[InputRequired(message=messages.CASES_DECISION_REASON)], widget=RadioInput())
    decision_note = TextAreaField(_l("Note"), description=_l("When and how the person told you, or what the risk is."),
                         validators=[DataRequired(message=messages.CASES_DECISION_NOTE),
                                     Length(max=NOTE_MAX, message=messages.CASES_NOTE_TOO_LONG)],
                         filters=[clean_text], widget=TextArea())


class ExportForm(FlaskForm):
    free_text = BooleanField(_l("Include what people wrote and their contact details"))
