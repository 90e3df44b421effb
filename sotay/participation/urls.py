from django.urls import path

from .views import app

app_name = "participation"
urlpatterns = [
    path("", app.hub, name="hub"),
    path("khao-sat/<uuid:public_id>/", app.survey_page, name="survey"),
    path("du-thao/<uuid:public_id>/", app.draft_page, name="draft"),
    path("hoi-dap/", app.inquiry_list, name="inquiries"),
    path("hoi-dap/thuong-gap/", app.faq, name="faq"),
    path("hoi-dap/<uuid:public_id>/", app.inquiry_page, name="inquiry"),
]
