"""Admin bases for our apps: their forms refuse control characters like every form of ours (see
config/forms.py). Not an app of its own: the apps' admin modules import these."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from config.forms import CleanTextMixin


class CleanModelForm(CleanTextMixin, forms.ModelForm):
    pass


class ModelAdmin(admin.ModelAdmin):
    form = CleanModelForm


class TabularInline(admin.TabularInline):
    form = CleanModelForm


class StackedInline(admin.StackedInline):
    form = CleanModelForm
