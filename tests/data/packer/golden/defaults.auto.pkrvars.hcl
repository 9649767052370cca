region     = "eu-west-1"
share_with = ["111122223333"]
