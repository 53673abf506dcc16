"""kube-proxy: the iptables proxier that programs every node for Services."""
