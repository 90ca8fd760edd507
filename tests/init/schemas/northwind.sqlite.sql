-- Northwind Traders, Microsoft's trading-company sample (instnwnd.sql in https://github.com/microsoft/sql-server-samples, Microsoft sample code), schema only, SQLite 3.40.
-- Changed: same tables, columns, keys and nullability as northwind.mysql.sql; IDENTITY keys are INTEGER NOT NULL PRIMARY KEY, index names carry their table (SQLite's are per schema);
-- "Order Details" named order_details; ADDITION: order_details.line_total, a generated column; duplicate indexes, CK_Birthdate, procedures and most views left out.

CREATE TABLE Employees (
  EmployeeID      INTEGER NOT NULL PRIMARY KEY,
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
  Photo           BLOB NULL,
  Notes           TEXT NULL,
  ReportsTo       INT NULL,
  PhotoPath       VARCHAR(255) NULL,
  CONSTRAINT FK_Employees_Employees FOREIGN KEY (ReportsTo) REFERENCES Employees (EmployeeID)
);
CREATE INDEX Employees_LastName ON Employees (LastName);
CREATE INDEX Employees_PostalCode ON Employees (PostalCode);

CREATE TABLE Categories (
  CategoryID   INTEGER NOT NULL PRIMARY KEY,
  CategoryName VARCHAR(15) NOT NULL,
  Description  TEXT NULL,
  Picture      BLOB NULL
);
CREATE INDEX Categories_CategoryName ON Categories (CategoryName);

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
  CONSTRAINT PK_Customers PRIMARY KEY (CustomerID)
);
CREATE INDEX Customers_City ON Customers (City);
CREATE INDEX Customers_CompanyName ON Customers (CompanyName);
CREATE INDEX Customers_PostalCode ON Customers (PostalCode);
CREATE INDEX Customers_Region ON Customers (Region);

CREATE TABLE Shippers (
  ShipperID   INTEGER NOT NULL PRIMARY KEY,
  CompanyName VARCHAR(40) NOT NULL,
  Phone       VARCHAR(24) NULL
);

CREATE TABLE Suppliers (
  SupplierID   INTEGER NOT NULL PRIMARY KEY,
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
  HomePage     TEXT NULL
);
CREATE INDEX Suppliers_CompanyName ON Suppliers (CompanyName);
CREATE INDEX Suppliers_PostalCode ON Suppliers (PostalCode);

CREATE TABLE Orders (
  OrderID        INTEGER NOT NULL PRIMARY KEY,
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
  CONSTRAINT FK_Orders_Customers FOREIGN KEY (CustomerID) REFERENCES Customers (CustomerID),
  CONSTRAINT FK_Orders_Employees FOREIGN KEY (EmployeeID) REFERENCES Employees (EmployeeID),
  CONSTRAINT FK_Orders_Shippers FOREIGN KEY (ShipVia) REFERENCES Shippers (ShipperID)
);
CREATE INDEX Orders_CustomerID ON Orders (CustomerID);
CREATE INDEX Orders_EmployeeID ON Orders (EmployeeID);
CREATE INDEX Orders_OrderDate ON Orders (OrderDate);
CREATE INDEX Orders_ShippedDate ON Orders (ShippedDate);
CREATE INDEX Orders_ShippersOrders ON Orders (ShipVia);
CREATE INDEX Orders_ShipPostalCode ON Orders (ShipPostalCode);

CREATE TABLE Products (
  ProductID       INTEGER NOT NULL PRIMARY KEY,
  ProductName     VARCHAR(40) NOT NULL,
  SupplierID      INT NULL,
  CategoryID      INT NULL,
  QuantityPerUnit VARCHAR(20) NULL,
  UnitPrice       DECIMAL(19,4) NULL DEFAULT 0,
  UnitsInStock    SMALLINT NULL DEFAULT 0,
  UnitsOnOrder    SMALLINT NULL DEFAULT 0,
  ReorderLevel    SMALLINT NULL DEFAULT 0,
  Discontinued    BIT NOT NULL DEFAULT 0,
  CONSTRAINT FK_Products_Categories FOREIGN KEY (CategoryID) REFERENCES Categories (CategoryID),
  CONSTRAINT FK_Products_Suppliers FOREIGN KEY (SupplierID) REFERENCES Suppliers (SupplierID),
  CONSTRAINT CK_Products_UnitPrice CHECK (UnitPrice >= 0),
  CONSTRAINT CK_ReorderLevel CHECK (ReorderLevel >= 0),
  CONSTRAINT CK_UnitsInStock CHECK (UnitsInStock >= 0),
  CONSTRAINT CK_UnitsOnOrder CHECK (UnitsOnOrder >= 0)
);
CREATE INDEX Products_CategoryID ON Products (CategoryID);
CREATE INDEX Products_ProductName ON Products (ProductName);
CREATE INDEX Products_SupplierID ON Products (SupplierID);

-- The original "Order Details". line_total is an ADDITION (not in Northwind): the line's value, computed by the database.
CREATE TABLE order_details (
  OrderID    INT NOT NULL,
  ProductID  INT NOT NULL,
  UnitPrice  DECIMAL(19,4) NOT NULL DEFAULT 0,
  Quantity   SMALLINT NOT NULL DEFAULT 1,
  Discount   REAL NOT NULL DEFAULT 0,
  line_total DECIMAL(19,4) GENERATED ALWAYS AS (UnitPrice * Quantity * (1 - Discount)) VIRTUAL,
  CONSTRAINT PK_Order_Details PRIMARY KEY (OrderID, ProductID),
  CONSTRAINT FK_Order_Details_Orders FOREIGN KEY (OrderID) REFERENCES Orders (OrderID),
  CONSTRAINT FK_Order_Details_Products FOREIGN KEY (ProductID) REFERENCES Products (ProductID),
  CONSTRAINT CK_Discount CHECK (Discount >= 0 AND Discount <= 1),
  CONSTRAINT CK_Quantity CHECK (Quantity > 0),
  CONSTRAINT CK_UnitPrice CHECK (UnitPrice >= 0)
);
CREATE INDEX order_details_OrderID ON order_details (OrderID);
CREATE INDEX order_details_ProductID ON order_details (ProductID);

CREATE TABLE CustomerDemographics (
  CustomerTypeID CHAR(10) NOT NULL,
  CustomerDesc   TEXT NULL,
  CONSTRAINT PK_CustomerDemographics PRIMARY KEY (CustomerTypeID)
);

CREATE TABLE CustomerCustomerDemo (
  CustomerID     CHAR(5) NOT NULL,
  CustomerTypeID CHAR(10) NOT NULL,
  CONSTRAINT PK_CustomerCustomerDemo PRIMARY KEY (CustomerID, CustomerTypeID),
  CONSTRAINT FK_CustomerCustomerDemo FOREIGN KEY (CustomerTypeID) REFERENCES CustomerDemographics (CustomerTypeID),
  CONSTRAINT FK_CustomerCustomerDemo_Customers FOREIGN KEY (CustomerID) REFERENCES Customers (CustomerID)
);

-- RegionID is a plain INT key, not IDENTITY: INT (not INTEGER) keeps it from being a rowid alias.
CREATE TABLE Region (
  RegionID          INT NOT NULL,
  RegionDescription CHAR(50) NOT NULL,
  CONSTRAINT PK_Region PRIMARY KEY (RegionID)
);

CREATE TABLE Territories (
  TerritoryID          VARCHAR(20) NOT NULL,
  TerritoryDescription CHAR(50) NOT NULL,
  RegionID             INT NOT NULL,
  CONSTRAINT PK_Territories PRIMARY KEY (TerritoryID),
  CONSTRAINT FK_Territories_Region FOREIGN KEY (RegionID) REFERENCES Region (RegionID)
);

CREATE TABLE EmployeeTerritories (
  EmployeeID  INT NOT NULL,
  TerritoryID VARCHAR(20) NOT NULL,
  CONSTRAINT PK_EmployeeTerritories PRIMARY KEY (EmployeeID, TerritoryID),
  CONSTRAINT FK_EmployeeTerritories_Employees FOREIGN KEY (EmployeeID) REFERENCES Employees (EmployeeID),
  CONSTRAINT FK_EmployeeTerritories_Territories FOREIGN KEY (TerritoryID) REFERENCES Territories (TerritoryID)
);

CREATE VIEW "Current Product List" AS
SELECT Product_List.ProductID, Product_List.ProductName
FROM Products AS Product_List
WHERE Product_List.Discontinued = 0;

CREATE VIEW "Customer and Suppliers by City" AS
SELECT City, CompanyName, ContactName, 'Customers' AS Relationship FROM Customers
UNION SELECT City, CompanyName, ContactName, 'Suppliers' FROM Suppliers;

CREATE VIEW "Order Subtotals" AS
SELECT order_details.OrderID, SUM(order_details.UnitPrice * order_details.Quantity * (1 - order_details.Discount)) AS Subtotal
FROM order_details
GROUP BY order_details.OrderID;
