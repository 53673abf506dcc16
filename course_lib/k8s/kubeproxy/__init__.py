"""kube-proxy: the iptables proxier (proxier.py, rules.py) and the ipvs one (ipvs*.py) that program every node for Services."""
