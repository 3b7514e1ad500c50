from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from diaspora.auth.passwords import MAX_LENGTH, password_problem
from diaspora.forms import UraForm


class NewPasswordMixin:
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             description=_l("At least 12 characters. A short sentence is easy to remember."))
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))])

    def validate_password(self, field):
        email = self.email.data if hasattr(self, "email") else ""
        problem = password_problem(field.data or "", email or "")
        if problem:
            raise ValidationError(problem)


class RegisterForm(NewPasswordMixin, UraForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    locale = SelectField(_l("Language"), choices=[("sq", "Shqip"), ("en", "English")], default="sq")
    submit = SubmitField(_l("Create account"))


class LoginForm(UraForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Remember me on this device"))
    submit = SubmitField(_l("Log in"))


class RequestResetForm(UraForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(NewPasswordMixin, UraForm):
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(NewPasswordMixin, UraForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    submit = SubmitField(_l("Change password"))


class ResendVerificationForm(UraForm):
    submit = SubmitField(_l("Send the verification email again"))
