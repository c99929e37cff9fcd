print("otlab: under construction")
