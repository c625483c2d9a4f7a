// placeholder: implemented with issue 3
