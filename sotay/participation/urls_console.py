from django.urls import path

from .views import console

app_name = "participation_console"
urlpatterns = [
    path("", console.home, name="home"),
    path("khao-sat/<uuid:public_id>/", console.survey_detail, name="survey"),
    path("khao-sat/<uuid:public_id>.xlsx", console.survey_export, name="survey_export"),
    path("du-thao/<uuid:public_id>/", console.draft_detail, name="draft"),
    path("du-thao/<uuid:public_id>/tong-hop.docx", console.draft_synthesis, name="synthesis"),
    path("hoi-dap/<uuid:public_id>/", console.inquiry_detail, name="inquiry"),
    path("thong-ke/<uuid:public_id>/", console.stats, name="stats"),
]
