-- Northwind Traders, Microsoft's trading-company sample (instnwnd.sql in https://github.com/microsoft/sql-server-samples, Microsoft sample code), schema only, MariaDB 10.11, InnoDB.
-- Changed: SQL Server types mapped (IDENTITY -> AUTO_INCREMENT, nvarchar/nchar -> VARCHAR/CHAR, ntext -> MEDIUMTEXT, image -> LONGBLOB, money -> DECIMAL(19,4), real -> FLOAT, bit -> BIT(1));
-- "Order Details" named order_details; ADDITION: order_details.line_total, a generated column; duplicate indexes, CK_Birthdate (uses getdate()), procedures and most views left out.

CREATE TABLE Employees (
  EmployeeID      INT NOT NULL AUTO_INCREMENT,
  LastName        VARCHAR(20) NOT NULL,
  FirstName       VARCHAR(10) NOT NULL,
  Title           VARCHAR(30) NULL,
  TitleOfCourtesy VARCHAR(25) NULL,
  BirthDate       DATETIME NULL,
  HireDate        DATETIME NULL,
  Address         VARCHAR(60) NULL,
  City            VARCHAR(15) NULL,
  Region          VARCHAR(15) NULL,
  PostalCode      VARCHAR(10) NULL,
  Country         VARCHAR(15) NULL,
  HomePhone       VARCHAR(24) NULL,
  Extension       VARCHAR(4) NULL,
  Photo           LONGBLOB NULL,
  Notes           MEDIUMTEXT NULL,
  ReportsTo       INT NULL,
  PhotoPath       VARCHAR(255) NULL,
  CONSTRAINT PK_Employees PRIMARY KEY (EmployeeID),
  KEY LastName (LastName),
  KEY PostalCode (PostalCode),
  CONSTRAINT FK_Employees_Employees FOREIGN KEY (ReportsTo) REFERENCES Employees (EmployeeID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE Categories (
  CategoryID   INT NOT NULL AUTO_INCREMENT,
  CategoryName VARCHAR(15) NOT NULL,
  Description  MEDIUMTEXT NULL,
  Picture      LONGBLOB NULL,
  CONSTRAINT PK_Categories PRIMARY KEY (CategoryID),
  KEY CategoryName (CategoryName)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE Customers (
  CustomerID   CHAR(5) NOT NULL,
  CompanyName  VARCHAR(40) NOT NULL,
  ContactName  VARCHAR(30) NULL,
  ContactTitle VARCHAR(30) NULL,
  Address      VARCHAR(60) NULL,
  City         VARCHAR(15) NULL,
  Region       VARCHAR(15) NULL,
  PostalCode   VARCHAR(10) NULL,
  Country      VARCHAR(15) NULL,
  Phone        VARCHAR(24) NULL,
  Fax          VARCHAR(24) NULL,
  CONSTRAINT PK_Customers PRIMARY KEY (CustomerID),
  KEY City (City),
  KEY CompanyName (CompanyName),
  KEY PostalCode (PostalCode),
  KEY Region (Region)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE Shippers (
  ShipperID   INT NOT NULL AUTO_INCREMENT,
  CompanyName VARCHAR(40) NOT NULL,
  Phone       VARCHAR(24) NULL,
  CONSTRAINT PK_Shippers PRIMARY KEY (ShipperID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE Suppliers (
  SupplierID   INT NOT NULL AUTO_INCREMENT,
  CompanyName  VARCHAR(40) NOT NULL,
  ContactName  VARCHAR(30) NULL,
  ContactTitle VARCHAR(30) NULL,
  Address      VARCHAR(60) NULL,
  City         VARCHAR(15) NULL,
  Region       VARCHAR(15) NULL,
  PostalCode   VARCHAR(10) NULL,
  Country      VARCHAR(15) NULL,
  Phone        VARCHAR(24) NULL,
  Fax          VARCHAR(24) NULL,
  HomePage     MEDIUMTEXT NULL,
  CONSTRAINT PK_Suppliers PRIMARY KEY (SupplierID),
  KEY CompanyName (CompanyName),
  KEY PostalCode (PostalCode)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE Orders (
  OrderID        INT NOT NULL AUTO_INCREMENT,
  CustomerID     CHAR(5) NULL,
  EmployeeID     INT NULL,
  OrderDate      DATETIME NULL,
  RequiredDate   DATETIME NULL,
  ShippedDate    DATETIME NULL,
  ShipVia        INT NULL,
  Freight        DECIMAL(19,4) NULL DEFAULT 0,
  ShipName       VARCHAR(40) NULL,
  ShipAddress    VARCHAR(60) NULL,
  ShipCity       VARCHAR(15) NULL,
  ShipRegion     VARCHAR(15) NULL,
  ShipPostalCode VARCHAR(10) NULL,
  ShipCountry    VARCHAR(15) NULL,
  CONSTRAINT PK_Orders PRIMARY KEY (OrderID),
  KEY CustomerID (CustomerID),
  KEY EmployeeID (EmployeeID),
  KEY OrderDate (OrderDate),
  KEY ShippedDate (ShippedDate),
  KEY ShippersOrders (ShipVia),
  KEY ShipPostalCode (ShipPostalCode),
  CONSTRAINT FK_Orders_Customers FOREIGN KEY (CustomerID) REFERENCES Customers (CustomerID),
  CONSTRAINT FK_Orders_Employees FOREIGN KEY (EmployeeID) REFERENCES Employees (EmployeeID),
  CONSTRAINT FK_Orders_Shippers FOREIGN KEY (ShipVia) REFERENCES Shippers (ShipperID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE Products (
  ProductID       INT NOT NULL AUTO_INCREMENT,
  ProductName     VARCHAR(40) NOT NULL,
  SupplierID      INT NULL,
  CategoryID      INT NULL,
  QuantityPerUnit VARCHAR(20) NULL,
  UnitPrice       DECIMAL(19,4) NULL DEFAULT 0,
  UnitsInStock    SMALLINT NULL DEFAULT 0,
  UnitsOnOrder    SMALLINT NULL DEFAULT 0,
  ReorderLevel    SMALLINT NULL DEFAULT 0,
  Discontinued    BIT(1) NOT NULL DEFAULT b'0',
  CONSTRAINT PK_Products PRIMARY KEY (ProductID),
  KEY CategoryID (CategoryID),
  KEY ProductName (ProductName),
  KEY SupplierID (SupplierID),
  CONSTRAINT FK_Products_Categories FOREIGN KEY (CategoryID) REFERENCES Categories (CategoryID),
  CONSTRAINT FK_Products_Suppliers FOREIGN KEY (SupplierID) REFERENCES Suppliers (SupplierID),
  CONSTRAINT CK_Products_UnitPrice CHECK (UnitPrice >= 0),
  CONSTRAINT CK_ReorderLevel CHECK (ReorderLevel >= 0),
  CONSTRAINT CK_UnitsInStock CHECK (UnitsInStock >= 0),
  CONSTRAINT CK_UnitsOnOrder CHECK (UnitsOnOrder >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The original "Order Details". line_total is an ADDITION (not in Northwind): the line's value, computed by the database.
CREATE TABLE order_details (
  OrderID    INT NOT NULL,
  ProductID  INT NOT NULL,
  UnitPrice  DECIMAL(19,4) NOT NULL DEFAULT 0,
  Quantity   SMALLINT NOT NULL DEFAULT 1,
  Discount   FLOAT NOT NULL DEFAULT 0,
  line_total DECIMAL(19,4) GENERATED ALWAYS AS (UnitPrice * Quantity * (1 - Discount)) STORED,
  CONSTRAINT PK_Order_Details PRIMARY KEY (OrderID, ProductID),
  KEY OrderID (OrderID),
  KEY ProductID (ProductID),
  CONSTRAINT FK_Order_Details_Orders FOREIGN KEY (OrderID) REFERENCES Orders (OrderID),
  CONSTRAINT FK_Order_Details_Products FOREIGN KEY (ProductID) REFERENCES Products (ProductID),
  CONSTRAINT CK_Discount CHECK (Discount >= 0 AND Discount <= 1),
  CONSTRAINT CK_Quantity CHECK (Quantity > 0),
  CONSTRAINT CK_UnitPrice CHECK (UnitPrice >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE CustomerDemographics (
  CustomerTypeID CHAR(10) NOT NULL,
  CustomerDesc   MEDIUMTEXT NULL,
  CONSTRAINT PK_CustomerDemographics PRIMARY KEY (CustomerTypeID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE CustomerCustomerDemo (
  CustomerID     CHAR(5) NOT NULL,
  CustomerTypeID CHAR(10) NOT NULL,
  CONSTRAINT PK_CustomerCustomerDemo PRIMARY KEY (CustomerID, CustomerTypeID),
  CONSTRAINT FK_CustomerCustomerDemo FOREIGN KEY (CustomerTypeID) REFERENCES CustomerDemographics (CustomerTypeID),
  CONSTRAINT FK_CustomerCustomerDemo_Customers FOREIGN KEY (CustomerID) REFERENCES Customers (CustomerID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE Region (
  RegionID          INT NOT NULL,
  RegionDescription CHAR(50) NOT NULL,
  CONSTRAINT PK_Region PRIMARY KEY (RegionID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE Territories (
  TerritoryID          VARCHAR(20) NOT NULL,
  TerritoryDescription CHAR(50) NOT NULL,
  RegionID             INT NOT NULL,
  CONSTRAINT PK_Territories PRIMARY KEY (TerritoryID),
  CONSTRAINT FK_Territories_Region FOREIGN KEY (RegionID) REFERENCES Region (RegionID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE EmployeeTerritories (
  EmployeeID  INT NOT NULL,
  TerritoryID VARCHAR(20) NOT NULL,
  CONSTRAINT PK_EmployeeTerritories PRIMARY KEY (EmployeeID, TerritoryID),
  CONSTRAINT FK_EmployeeTerritories_Employees FOREIGN KEY (EmployeeID) REFERENCES Employees (EmployeeID),
  CONSTRAINT FK_EmployeeTerritories_Territories FOREIGN KEY (TerritoryID) REFERENCES Territories (TerritoryID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE VIEW `Current Product List` AS
SELECT Product_List.ProductID, Product_List.ProductName
FROM Products AS Product_List
WHERE Product_List.Discontinued = 0;

CREATE VIEW `Customer and Suppliers by City` AS
SELECT City, CompanyName, ContactName, 'Customers' AS Relationship FROM Customers
UNION SELECT City, CompanyName, ContactName, 'Suppliers' FROM Suppliers;

CREATE VIEW `Order Subtotals` AS
SELECT order_details.OrderID, SUM(order_details.UnitPrice * order_details.Quantity * (1 - order_details.Discount)) AS Subtotal
FROM order_details
GROUP BY order_details.OrderID;
