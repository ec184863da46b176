from gaoxin.core.nav import NavItem

NAV = [
    NavItem(
        section="企业服务",
        label="企业名录",
        url_name="enterprises:list",
        action="enterprises.enterprise.view",
        icon="building",
        order=50,
    ),
]
