# A multi-homed host m between client c and host d, each in its netns: veths vc (c) - m0 (m) and vd (d) - m1 (m), MACs fixed (02:0e:00:00:00:0c, :10, :0d, :11) so a transcript shows which device answered; no addresses, all down.
ip netns add c
ip netns add m
ip netns add d
ip link add vc netns c address 02:0e:00:00:00:0c type veth peer name m0 netns m address 02:0e:00:00:00:10
ip link add vd netns d address 02:0e:00:00:00:0d type veth peer name m1 netns m address 02:0e:00:00:00:11
