build {
  name    = "golden"
  sources = ["source.amazon-ebs.golden", "source.amazon-ebsvolume.data"]

  source "source.amazon-ebs.hardened" {
    name          = "cis"
    ami_regions   = ["eu-central-1"]
    encrypt_boot  = false
  }

  provisioner "shell" {
    inline = ["sudo apt-get update"]
  }
}
