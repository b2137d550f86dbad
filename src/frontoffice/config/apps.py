from django.contrib.admin.apps import AdminConfig


class FrontofficeAdminConfig(AdminConfig):
    default_site = "frontoffice.core.adminsite.FrontofficeAdminSite"
